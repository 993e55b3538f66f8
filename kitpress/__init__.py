"""kitpress: publish open toolkit packs for neighbourhood mutual aid."""

__version__ = "0.1.0"
