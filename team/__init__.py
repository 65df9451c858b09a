"""Running the atlas for a team: a PostgreSQL/PostGIS cluster, Streamlit replicas, and nginx in front with sign-in.

Process plumbing only; it imports neither geo/ nor streamlit, so `python -m team` starts fast.
"""
