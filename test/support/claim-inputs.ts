/** A claim and citations as a newsroom tool would send them, for the claims' e2e tests. */
export const claimInput = (statement = 'Two people died during the police raids in Yekaterinburg on 27 June 2025.') => ({
  statement,
  claimant: { name: 'Trend News Agency', kind: 'ORGANIZATION' },
  claimDate: '2025-06-28',
  appearances: [{ url: 'https://en.trend.az/azerbaijan/politics/raids', outlet: 'Trend', appearedAt: '2025-06-28', firstAppearance: true }],
  language: 'en',
  topics: ['police'],
});

export const citationInput = (claimId: string, n: number, stance = 'REFUTES') => ({
  claimId,
  url: `https://example.org/source-${n}`,
  title: `Source ${n}`,
  publisher: 'Example Outlet',
  publishedAt: '2025-06-29',
  excerpt: `Verbatim excerpt number ${n}.`,
  stance,
});
