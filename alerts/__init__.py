"""Gap alerts to opleiders: subscriptions, the rules that raise alerts after each aggregation, Dutch messages
and the channels that deliver them (e-mail, webhook, file). Rules, states and formats in docs/alerts.md."""
