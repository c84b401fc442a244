"""The query model: field proxies (``IMU.Q.acceleration.x``), builders and responses."""
