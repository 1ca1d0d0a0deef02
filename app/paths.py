"""Where Candor keeps things on disk. Every location can be overridden by env vars.

- CANDOR_MODEL_DIR: the model folder (default: <user data dir>/models)
- CANDOR_STATE_DIR: per-user state such as the last workspace used
"""

from __future__ import annotations

import os
from pathlib import Path

from platformdirs import user_data_path, user_state_path


def model_dir() -> Path:
    configured = os.environ.get("CANDOR_MODEL_DIR")
    return Path(configured).expanduser() if configured else user_data_path("candor") / "models"


def state_dir() -> Path:
    configured = os.environ.get("CANDOR_STATE_DIR")
    return Path(configured).expanduser() if configured else user_state_path("candor")


def resources_dir() -> Path:
    """The `resources/` folder shipped beside the packages."""
    return Path(__file__).resolve().parent.parent / "resources"
