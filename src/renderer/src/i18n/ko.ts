import type { Messages } from './en'

export const ko: Messages = {
  app: {
    title: 'TutorDesk',
    loading: '불러오는 중…',
    notBridged: 'TutorDesk 창이 앱과 연결되지 않았습니다. TutorDesk를 다시 시작해 주세요.',
  },
  notices: {
    settings_recovered: '설정 파일을 읽을 수 없어 기본 설정을 사용합니다. 이전 파일은 {{backupPath}}에 보관했습니다.',
    database_recovered: '대화 데이터베이스를 읽을 수 없어 새로 시작했습니다. 이전 파일은 {{backupPath}}에 보관했습니다.',
    key_storage_unprotected: '이 시스템에는 키링이 없어 저장된 API 키가 암호화되지 않고 난독화만 됩니다.',
    key_unreadable: '저장된 API 키를 복호화할 수 없습니다. 설정에서 다시 입력해 주세요.',
    dismiss: '닫기',
  },
  sidebar: {
    assistant: '어시스턴트',
    noAssistants: '어시스턴트가 없습니다',
    newThread: '새 대화',
    search: '대화 검색',
    searchEmpty: '“{{query}}”와 일치하는 대화가 없습니다.',
    threads: '대화',
    noThreads: '아직 대화가 없습니다. “새 대화”로 시작하세요.',
  },
  thread: {
    untitled: '새 대화',
    pinned: '고정됨',
    pin: '고정',
    unpin: '고정 해제',
    rename: '이름 바꾸기',
    renameLabel: '대화 제목',
    delete: '삭제',
    confirmDelete: '“{{title}}”와 모든 메시지를 삭제할까요? 되돌릴 수 없습니다.',
    actions: '{{title}} 작업',
  },
  messages: {
    empty: '아직 메시지가 없습니다. 선생님께 질문해 보세요.',
    you: '나',
    loadFailed: '메시지를 불러오지 못했습니다.',
  },
  composer: {
    placeholder: '{{assistant}}에게 메시지 (Enter 보내기, Shift+Enter 줄바꿈)',
    send: '보내기',
    sendFailed: '메시지를 저장하지 못했습니다. 내용은 그대로 있으니 다시 시도해 주세요.',
  },
  empty: {
    title: '대화를 고르거나 새로 시작하세요',
    hint: 'Ctrl+N으로 새 대화를 만듭니다.',
  },
  errors: {
    generic: '문제가 발생했습니다. 다시 시도해 주세요.',
  },
}
