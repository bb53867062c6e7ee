"""Where the settings come from: the environment, a `.env` file, then `.local/env`.

Real environment variables win over `.env`, which wins over `.local/env`
(development keys written by scripts/services). Production never reads `.local/env`.
Every settings module takes `env` from here, so there is one `environ.Env()`.
"""
import os
from pathlib import Path

import environ

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()
_ENV_FILES = [BASE_DIR / ".env"]
if not os.environ.get("DJANGO_SETTINGS_MODULE", "").endswith(".production"):
    # IDHR_LOCAL_DIR lets a second set of services (e.g. the fault benchmarks) live apart.
    _ENV_FILES.append(Path(os.environ.get("IDHR_LOCAL_DIR", BASE_DIR / ".local")) / "env")
for env_file in _ENV_FILES:
    if env_file.exists():
        env.read_env(str(env_file), overwrite=False)

# Absolute address of the portal, used in links inside emails.
SITE_URL = env("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")
