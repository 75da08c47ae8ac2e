"""The bundled demo: four small websites (two vacancy sites, two training providers) served on 127.0.0.1.

They stand in for the real web in ``llo-radar demo`` and in the tests; ``crawlers/sources/demo.yaml``
describes them as sources.
"""

from pathlib import Path

SAMPLE_SUBSCRIPTION = Path(__file__).with_name("subscription.yaml")
"""The subscription of a sample opleider, whose alerts ``llo-radar demo`` shows at the end."""
