"""What reads a lab's results: attendance and published results, the live wall's ideas,
the feedback survey, and the indicators drawn from it."""
