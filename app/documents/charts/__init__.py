"""Charts the app draws both on screen (Qt) and on paper (reportlab) from one layout.

Pure Python: the layout takes a text-measuring callback, so each renderer supplies its own
font metrics and gets back boxes, wrapped lines and arrows in its own units.
"""
