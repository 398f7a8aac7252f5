"""Showing results to people: ``html`` (the QA report) with its words (``i18n``) and style
(``report.css``), ``terminal`` (metrics and explanations in the terminal) and ``explain`` (why
a reply got its levels)."""
