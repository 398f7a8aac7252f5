"""From text to levels: ``encoding`` (token ids), ``network`` (encoder and heads),
``directory`` (the model-directory format), ``scorer`` (the scorer interface and the rules
scorer), ``classifier`` (batched torch scoring), ``onnx_runtime`` (export and int8 scoring),
``streaming`` (overlapped chunk scoring) and ``loading`` (which model, from where)."""
