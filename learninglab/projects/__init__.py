"""Projects, their partners and the policy instruments they address."""
