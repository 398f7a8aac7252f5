"""Scoring straight from mailbox exports: reading mbox / .eml / .msg, extracting what the
agent wrote, threading replies to the customer message they answer."""
