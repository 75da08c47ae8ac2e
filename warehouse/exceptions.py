"""Exceptions of the warehouse package."""


class WarehouseError(Exception):
    """The warehouse cannot be used as it is."""


class BadDatabaseUrl(WarehouseError):
    """The configured warehouse URL is not a URL of a database LLO Radar runs on."""


class NoWarehouse(WarehouseError):
    """The configured SQLite warehouse file does not exist (only ``llo-radar db upgrade`` creates one)."""


class OutdatedSchema(WarehouseError):
    """The warehouse's schema is not at the code's revision: it lacks tables or columns, or is newer."""


class StageBusy(WarehouseError):
    """Another run of the same stage holds the stage's lock on this warehouse."""
