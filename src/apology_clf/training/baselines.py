"""The TF-IDF baseline: word and character n-grams with one logistic regression per dimension
(scikit-learn). The bar every transformer model has to clear."""

from __future__ import annotations

import pandas as pd
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import make_pipeline, make_union

from ..evaluation import compute_metrics
from ..schema import LabelSchema


def tfidf_features():
    """Word 1-2-gram and character 2-5-gram TF-IDF features, as the baselines use them."""
    return make_union(
        TfidfVectorizer(analyzer="word", ngram_range=(1, 2), min_df=2, sublinear_tf=True),
        TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), min_df=2, sublinear_tf=True),
    )


def tfidf_baseline(
    train: pd.DataFrame, test: pd.DataFrame, schema: LabelSchema | None = None, c: float = 4.0
) -> dict:
    """Fit on ``train`` (the reply text only: the labels judge the reply), evaluate on ``test``
    with the same metrics as ``apology-clf evaluate``."""
    schema = schema or LabelSchema.load()
    predictions = {}
    for dim in schema.names:
        model = make_pipeline(
            tfidf_features(), LogisticRegression(C=c, max_iter=2000, class_weight="balanced")
        )
        model.fit(train["text"], train[dim])
        predictions[dim] = model.predict(test["text"])
    return compute_metrics(test, predictions, schema)
