// Electron 45 downloads its binary the first time `require('electron')` runs. electron-vite
// reads the binary's path without triggering that, so `npm start` / `npm run dev` call this
// first: on a fresh machine it fetches Electron once; afterwards it is instant.
try {
  require('electron')
} catch (error) {
  console.error(
    'Could not get the Electron binary (it is downloaded on first run).\n' +
      'Check your network, or set ELECTRON_MIRROR; then run `npm start` again.\n' +
      String(error && error.message),
  )
  process.exit(1)
}
