/** The loopback transport's three doors, shared by its server and the page's bridge. */
export const invokePrefix = '/__contract/invoke/'
export const eventsPath = '/__contract/events'
export const readyPath = '/__contract/ready'
