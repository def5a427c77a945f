"""SmartSkin: natural portrait skin retouching for photographers."""

__version__ = "0.1.0"
