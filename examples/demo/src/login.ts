/**
 * Demo function under test for the non-model evals: a deliberately simple login check with a
 * hard-coded credential (it is a fixture, not real authentication).
 */
export function login(username: string, password: string): string {
  if (username.length < 6) return 'invalid username';
  if (password !== 'Admin@123') return 'wrong password';
  return 'success';
}
