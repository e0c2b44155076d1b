"""metricscape.sim"""
