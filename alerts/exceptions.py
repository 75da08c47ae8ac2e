"""Exceptions of the alerts package; the CLI prints them as one sentence."""


class AlertsError(Exception):
    """Alerts or subscriptions cannot be handled as asked."""


class BadSubscription(AlertsError):
    """A subscription (from the CLI or a YAML file) that cannot be used; the message names entry and field."""


class UnknownSubscription(AlertsError):
    """No subscription has the name asked for."""


class UnknownAlert(AlertsError):
    """No alert has the id asked for."""


class AlertStateRefused(AlertsError):
    """A user asked for a state change the alert's state does not allow (acknowledging a muted alert)."""


class DeliveryFailed(AlertsError):
    """A channel could not deliver a message; the message says why, without addresses or credentials."""
