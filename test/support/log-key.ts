/** A valid C2SP Ed25519 signer key for tests that run with NODE_ENV=production (its seed is 1..32). */
export const TEST_LOG_SIGNING_KEY = 'PRIVATE+KEY+desk.example.org/log+c1825b22+AQECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8g';
export const TEST_LOG_VERIFIER_KEY = 'desk.example.org/log+c1825b22+AXm1Vi6P5lT5QHixEuipi6eQH4U65pW+1+DjkQutBJZk';
