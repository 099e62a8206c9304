/** The one global the preload adds to the page: `window.tutordesk`. */
export const bridgeGlobalName = 'tutordesk'
