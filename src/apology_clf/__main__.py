"""``python -m apology_clf``: the same as the ``apology-clf`` command."""

from .cli import main

if __name__ == "__main__":
    main()
