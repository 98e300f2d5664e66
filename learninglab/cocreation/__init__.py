"""The live co-creation wall: participants post and vote on ideas from their phones."""
