/** The console's URLs, in one place for the routes, the forms and the refresh script. */
export const CONSOLE_PATHS = {
  page: '/sandbox/console',
  script: '/sandbox/console/console.js',
  style: '/sandbox/console/console.css',
  icon: '/sandbox/console/icon.svg',
  faults: '/sandbox/console/faults',
  clearFaults: '/sandbox/console/faults/clear',
  outageOn: '/sandbox/console/outage/on',
  outageOff: '/sandbox/console/outage/off',
} as const;

/** `?fragment=live`: only the live section's content, for the refresh script. */
export const LIVE_FRAGMENT = 'live';
