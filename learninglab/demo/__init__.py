"""Demo data: the ECoC-SME project as the seed invitation tells it."""
