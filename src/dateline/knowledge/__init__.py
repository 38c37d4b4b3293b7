"""What the stages know about the world, loaded once and handed to them through their config: the actor
knowledge base (:mod:`.kb`, extended from Wikidata by :mod:`.wikidata`), the gazetteer (:mod:`.gazetteer`)
and shared word lists (:mod:`.lexicon`). The store's queries use it too; nothing here imports a stage."""
