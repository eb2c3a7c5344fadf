// Day arithmetic on ISO dates (YYYY-MM-DD), free of the browser, so the
// unit tests can check it.

export function daysBetween(a, b) {
  return Math.round((Date.parse(b + 'T00:00:00Z') - Date.parse(a + 'T00:00:00Z')) / 86400000);
}

// Whether a contract ending on `endDate` may be renewed on `today`: the API
// refuses while 90 days or more remain, so only with fewer than 90 (and
// after the end, when it has lapsed).
export function renewalOpen(today, endDate) {
  return daysBetween(today, endDate) < 90;
}
