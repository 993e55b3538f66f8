"""kitpress: publish open toolkit packs for neighbourhood mutual aid.

One sub-package per stage, run top to bottom by ``kitpress.build``: ``content`` reads and
validates the sources into the frozen ``model``, ``printing`` renders posters and printables,
``publish`` writes pages, bundles and the site; ``cli`` is the command line. ``problems``,
``messages`` (every text, zh and en), ``outputs`` (the site's address space) and
``templating`` (the project's templates over the built-in ones) serve them all.
"""

__version__ = "0.1.0"
