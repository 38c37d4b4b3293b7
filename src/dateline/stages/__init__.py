"""dateline's extraction stages: one spaCy component each (``<stage>/component.py``), in pipeline order
entities, time, coref, quotes, actors, places, events (see ``dateline.nlp.STAGES``).

A stage reads what earlier stages stored on the Doc and never imports another stage's modules: what
one stage offers the next is on the Doc, or in the few functions its package ``__init__`` exports.
Importing any stage declares the Doc extensions (``dateline.nlp.DOC_EXTENSIONS``).
"""

from dateline.nlp import register_extensions

register_extensions()
