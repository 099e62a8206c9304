export const en = {
  app: {
    title: 'TutorDesk',
    loading: 'Loading…',
    notBridged: 'TutorDesk’s window could not reach the app. Please restart TutorDesk.',
  },
  notices: {
    settings_recovered: 'Your settings file could not be read, so default settings are in use. The old file was kept at {{backupPath}}.',
    database_recovered: 'Your conversation database could not be read. It was kept at {{backupPath}} and a new one was started.',
    key_storage_unprotected: 'This system has no keyring, so a saved API key is stored obfuscated but not encrypted.',
    key_unreadable: 'Your saved API key could not be decrypted. Please enter it again in Settings.',
    dismiss: 'Dismiss',
  },
  sidebar: {
    assistant: 'Assistant',
    noAssistants: 'No assistants yet',
    newThread: 'New thread',
    search: 'Search conversations',
    searchEmpty: 'No conversations match “{{query}}”.',
    threads: 'Conversations',
    noThreads: 'No conversations yet. Start one with “New thread”.',
  },
  thread: {
    untitled: 'New conversation',
    pinned: 'Pinned',
    pin: 'Pin',
    unpin: 'Unpin',
    rename: 'Rename',
    renameLabel: 'Conversation title',
    delete: 'Delete',
    confirmDelete: 'Delete “{{title}}” and all its messages? This cannot be undone.',
    actions: 'Actions for {{title}}',
  },
  messages: {
    empty: 'No messages yet. Ask your tutor something.',
    you: 'You',
    loadFailed: 'These messages could not be loaded.',
  },
  composer: {
    placeholder: 'Message {{assistant}} (Enter to send, Shift+Enter for a new line)',
    send: 'Send',
    sendFailed: 'Your message could not be saved. It is still here; try again.',
  },
  empty: {
    title: 'Pick a conversation or start a new one',
    hint: 'Press Ctrl+N for a new thread.',
  },
  errors: {
    generic: 'Something went wrong. Please try again.',
  },
}

export type Messages = typeof en
