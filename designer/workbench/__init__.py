"""The query workbench: saved queries analysed against the design, the indexes they need,
and their plans."""
