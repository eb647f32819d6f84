"""The glossary in the reports' text, all in one place.

* :mod:`.terms`: what a term is, each report's wording of it, and finding its uses in HTML;
* :mod:`.marks`: how a use is marked in converted HTML until its page is put together, and
  the explicit links editors write, ``[RoSH](glossary:rosh)``;
* :mod:`.extension`: the Python-Markdown extension that marks every use;
* :mod:`.page`: a report page's uses, in reading order, as the reader gets them: the first
  use of each term links to its entry and is described by its definition, given once on
  the page; later uses are plain text (abbreviations stay ``<abbr title>``). The markup
  is the template ``terms.html``'s.
"""
