"""Pipeline stages: small steps over batches of plain records (see `base.Stage`)."""
