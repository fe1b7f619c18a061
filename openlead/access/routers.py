"""Send the key store to its own database, so data backups hold no usable keys."""

from __future__ import annotations

from typing import Any

KEY_MODELS = {"personkey", "sourcekey"}
# records.SourceKey: the per-source data keys of imported justice records.
KEY_APPS = {"access", "records"}


class KeyStoreRouter:
    def _is_key(self, model: Any) -> bool:
        return model._meta.app_label in KEY_APPS and model._meta.model_name in KEY_MODELS

    def db_for_read(self, model: Any, **hints: Any) -> str | None:
        return "keys" if self._is_key(model) else None

    def db_for_write(self, model: Any, **hints: Any) -> str | None:
        return "keys" if self._is_key(model) else None

    def allow_relation(self, obj1: Any, obj2: Any, **hints: Any) -> bool | None:
        return None

    def allow_migrate(
        self, db: str, app_label: str, model_name: str | None = None, **hints: Any
    ) -> bool:
        is_key = app_label in KEY_APPS and model_name in KEY_MODELS
        if db == "keys":
            return is_key
        return not is_key
