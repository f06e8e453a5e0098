// Placeholder until helper A's version lands (same signature).
export type ReviewerNamePolicy = 'FULL' | 'INITIALS' | 'NONE';
export function publicName(person: { id: string; name: string }, policy: ReviewerNamePolicy): string | null {
  const name = person.name.trim();
  if (name === '' || policy === 'NONE') return null;
  if (policy === 'FULL') return name;
  return name.split(/\s+/u).map((w) => `${[...w][0]}.`).join(' ');
}
