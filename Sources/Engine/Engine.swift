// Engine: the analysis pipeline (filled by the analyzer work).
