"""The pages of the good-practice library: ``public`` for everyone, ``staff`` for the
partners and the coordinator."""
