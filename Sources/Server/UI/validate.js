// Client-side checks of registry, repository and tag names (the server checks again).

const hostPart = '[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?';
const registryPattern = new RegExp(`^(?:${hostPart}(?:\\.${hostPart})*|\\[[0-9A-Fa-f:]+\\])(?::[0-9]{1,5})?$`);
const component = '[a-z0-9]+(?:(?:\\.|_|__|-+)[a-z0-9]+)*';
const repositoryPattern = new RegExp(`^${component}(?:/${component})*$`);
const tagPattern = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;

/** An error message, or null when the value is a registry host[:port]. */
export function checkRegistry(value) {
  const text = value.trim();
  if (!text) return 'Registry is required (for example docker.io).';
  if (/^https?:\/\//i.test(text)) return 'Enter the registry host without http:// or https://.';
  if (text.includes('/')) return 'Enter only the registry host[:port]; the repository goes in its own field.';
  if (!registryPattern.test(text)) return `"${text}" is not a valid registry host[:port].`;
  return null;
}

export function checkRepository(value) {
  const text = value.trim();
  if (!text) return 'Repository is required (for example library/centos).';
  if (text.includes(':') || text.includes('@')) return 'Enter the repository without a tag or digest.';
  if (text.length > 255 || !repositoryPattern.test(text)) {
    return `"${text}" is not a valid repository name (lowercase letters, digits, and . _ - / separators).`;
  }
  return null;
}

export function checkTag(value) {
  const text = value.trim();
  if (!text) return 'Tag is required (for example latest).';
  if (!tagPattern.test(text)) return `"${text}" is not a valid tag (letters, digits, _ . -, at most 128 characters).`;
  return null;
}

// Account and user names (as the server checks them): 3 to 128 characters, a letter or digit at both ends,
// letters, digits and @.!#$+-=^_`~; between.
const namePattern = /^[A-Za-z0-9][A-Za-z0-9@.!#$+\-=^_`~;]{1,126}[A-Za-z0-9]$/;
const reservedAccounts = new Set(['anchore-system', 'system', 'admin', 'drydock', 'root']);
const nameRule = '3 to 128 characters, starting and ending with a letter or digit, with letters, digits and @.!#$+-=^_`~; between';

/** An error message, or null when the value is a valid name; `what` is "Account name" or "Username". */
export function checkName(value, what) {
  const text = value.trim();
  if (!text) return `${what} is required.`;
  if (!namePattern.test(text)) return `"${text}" is not a valid ${what.toLowerCase()}: ${nameRule}.`;
  return null;
}

export function checkAccountName(value) {
  const problem = checkName(value, 'Account name');
  if (problem) return problem;
  if (reservedAccounts.has(value.trim().toLowerCase())) return `The account name "${value.trim()}" is reserved.`;
  return null;
}

export function checkUsername(value) {
  return checkName(value, 'Username');
}

export function checkEmail(value) {
  const text = value.trim();
  if (!text) return null;
  if (!text.includes('@') || text.length > 128 || /\s/.test(text)) return `"${text}" is not a valid email address.`;
  return null;
}

export function checkPassword(value) {
  if (!value) return 'Password is required.';
  if (value.length < 6 || value.length > 128) return 'Passwords must be 6 to 128 characters long.';
  return null;
}
