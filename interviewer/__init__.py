"""interviewer: a mock interviewer for ML and AI engineering jobs."""

import os as _os

# Defaults that keep every run offline and quiet; set before any heavy library is imported.
# An explicit value in the environment still wins.
for _key, _value in {
    "HF_HUB_OFFLINE": "1",
    "TRANSFORMERS_OFFLINE": "1",
    "HF_HUB_DISABLE_TELEMETRY": "1",
    "HF_HUB_DISABLE_PROGRESS_BARS": "1",
    "TRANSFORMERS_VERBOSITY": "error",
    "TOKENIZERS_PARALLELISM": "false",
    "ANONYMIZED_TELEMETRY": "False",
    "GRADIO_ANALYTICS_ENABLED": "False",
    "OMP_WAIT_POLICY": "PASSIVE",
}.items():
    _os.environ.setdefault(_key, _value)

__version__ = "0.1.0"
