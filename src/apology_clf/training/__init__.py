"""Making models: ``trainer`` (the fine-tuning loop), ``model_card``, ``scratch`` (a random-init
base when no pretrained one can be had), ``baselines`` (TF-IDF), ``distill`` (teacher-labelled
data) and ``starter`` (the recipe that builds ``models/starter``)."""
