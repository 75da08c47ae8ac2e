"""Exceptions of the warehouse package."""


class WarehouseError(Exception):
    """The warehouse cannot be used as it is."""


class OutdatedSchema(WarehouseError):
    """The warehouse was created by an older version and lacks tables or columns."""


class NoWarehouse(WarehouseError):
    """No warehouse exists where one was to be read."""
