"""Choices the network offers, kept free of torch so configs and ``--help`` can name them
without loading it."""

DEFAULT_BASE_MODEL = "DTAI-KULeuven/robbert-2023-dutch-base"
"""RobBERT-2023 (base): the pretrained Dutch RoBERTa models are fine-tuned from by default."""

POOLINGS = ("cls", "mean")
"""What the heads read: the ``<s>`` token (``cls``) or the mean of all tokens (``mean``)."""
