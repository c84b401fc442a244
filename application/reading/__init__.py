"""Reading topics and sequences back: message streamers and Arrow access."""
