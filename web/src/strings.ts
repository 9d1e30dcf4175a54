// Every text the runtime shows, in one place (Korean, as the course). Grouped by the bundle that
// shows it, so that boot.js, worker.js and sw.js carry only their own (esbuild drops the rest).

/** A worker that could not be loaded (worker.js missing), when the browser gives no message. */
export const WORKER_NOT_LOADED = "worker.js를 불러오지 못했습니다";

/** The page: cells, exercises, outputs, the Python status. */
export const T = {
  run: "실행",
  runTitle: "이 셀 실행 (Shift+Enter 또는 Ctrl+Enter; 위 셀 모두 실행은 Alt+Shift+Enter)",
  runAbove: "위 셀 모두 실행",
  runAll: "모두 실행",
  runAllTitle: "이 페이지의 셀을 위에서부터 차례로 모두 실행합니다 (오류가 나면 거기서 멈춥니다)",
  /** The page's toolbar (page-bar.ts): the actions that span every cell. */
  pageBarLabel: "페이지 도구",
  stop: "정지",
  reset: "되돌리기",
  resetTitle: "이 셀의 코드를 원래대로 되돌립니다",
  restart: "Python 다시 시작",
  restartTitle: "이 페이지의 변수를 모두 지우고 새로 시작합니다",
  check: "채점",
  hint: "힌트 보기",
  hintsLabel: "힌트",
  solution: "풀이 보기",
  applyText: "넣고 실행",
  applyTextTitle: "이 글을 코드의 문자열에 넣고 셀을 다시 실행합니다 (Enter)",
  editorLabel: (n: string) => `셀 ${n} 코드 편집기 (Esc 다음 Tab으로 빠져나가기)`,
  toolbarLabel: (n: string) => `셀 ${n} 도구`,
  outputLabel: (n: string) => `셀 ${n} 실행 결과`,
  /** A cell's name, as its group is announced and its toolbar shows it ("셀 3", "셀 준비 1"). */
  cellName: (n: string) => `셀 ${n}`,
  /** The number of the page's N-th setup cell in those names. */
  setupNumber: (n: number) => `준비 ${n}`,

  queued: "차례를 기다리는 중…",
  waitingForPython: "Python을 준비하는 중… 준비되면 바로 실행합니다.",
  running: "실행 중…",
  runningFor: (s: number) => `실행 중… ${s}초`,
  runningLong: (s: number) => `실행 중… ${s}초 (너무 오래 걸리면 정지를 누르세요)`,
  trainingFor: (s: number) => `학습 중… ${s}초`,
  done: (ms: number) => `실행 완료 (${ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(1)}초`})`,
  failed: "오류가 났습니다",
  stopped: "정지 버튼으로 실행을 멈췄습니다 (KeyboardInterrupt).",
  stoppedByRestart: "정지 버튼으로 실행을 멈췄습니다 (Python 다시 시작).",
  restarted: "실행을 멈추려고 Python을 다시 시작했습니다. 앞에서 만든 변수는 모두 사라졌습니다.",
  stopping: "멈추는 중…",
  waitingForInput: "입력을 기다리는 중…",
  inputCancelled: "입력을 취소해 실행을 멈췄습니다 (KeyboardInterrupt).",
  /** input()'s field when the prompt is empty (a prompt is its label). */
  inputLabel: (n: string) => `셀 ${n} 입력`,
  inputHint: "Enter를 누르면 보내고, Esc를 누르면 취소합니다.",
  stopSlow: (seconds: number) => "Python이 아직 멈추지 않았습니다. 오래 걸리는 계산(큰 행렬 곱 같은)은 그 계산이 "
    + "끝나야 멈춥니다. 기다리면 앞에서 만든 변수가 그대로 남습니다. 강제로 멈추면 Python을 다시 시작하고 변수는 "
    + `모두 사라집니다. ${seconds}초 안에 멈추지 않으면 저절로 다시 시작합니다.`,
  forceStop: "강제로 멈추기",
  replaced: "이 셀은 실행됐지만, 그 뒤 Python이 정상으로 돌아오지 않아(메모리가 바닥났을 때 이럴 수 있습니다) "
    + "Python을 다시 시작했습니다. 앞에서 만든 변수는 모두 사라졌습니다.",
  crashed: (why: string) => `Python이 멈춰서 다시 시작했습니다. ${crashCause(why)} 앞에서 만든 변수는 모두 사라졌습니다.`,
  rerunAbove: "위 셀 다시 실행",
  /** After the page bar's Python 다시 시작 (short: it shows in the sticky bar). */
  namespaceReset: "변수가 모두 지워졌습니다",
  unavailable: (why: string) => `Python을 불러오지 못해 실행할 수 없습니다 (${why}). 네트워크 연결을 확인하고 다시 시도하세요.`,
  truncated: (lines: number, chars: number) =>
    `출력이 너무 길어 뒷부분 ${lines.toLocaleString("ko-KR")}줄(${chars.toLocaleString("ko-KR")}자)을 생략했습니다.`,
  figureAlt: (num: number) => `그림 ${num}`,
  /** The heading of an error's explanation under its traceback (py/nl_explain.py). */
  explainTitle: "오류 풀이",

  share: "링크로 공유",
  shareTitle: "이 셀의 지금 코드를 연습장에서 여는 링크를 복사합니다 (코드는 링크 안에만 담기고 서버로 보내지지 않습니다)",
  shareCopied: "링크를 복사했습니다. 이 링크를 열면 연습장의 마지막 셀에 이 코드가 들어가고, 연 사람이 실행을 눌러야 "
    + "실행됩니다. 코드는 링크 안에만 담기며 어떤 서버로도 보내지지 않습니다.",
  shareNotCopied: "클립보드에 복사하지 못했습니다(브라우저가 허락하지 않았습니다). 아래 칸의 링크가 선택되어 있으니 "
    + "Ctrl+C(Mac은 ⌘+C)로 복사하세요.",
  shareField: "공유 링크",
  shareTooLong: (chars: number, limit: number) => `코드가 너무 길어 링크로 공유할 수 없습니다. 링크가 `
    + `${chars.toLocaleString("ko-KR")}자가 되는데, 메신저와 메일 프로그램이 온전히 다루는 길이는 `
    + `${limit.toLocaleString("ko-KR")}자까지입니다. 코드를 줄이거나 파일로 주고받으세요.`,
  sharedLoaded: "링크로 받은 코드를 이 셀에 넣었습니다. 코드는 링크 안에 담겨 왔고 서버를 거치지 않았습니다. "
    + "아직 실행하지 않았으니, 코드를 읽어 본 뒤 실행을 누르세요.",
  sharedAsk: "링크로 받은 코드가 있습니다. 그런데 이 셀에는 전에 고쳐 둔 코드가 저장되어 있습니다. 링크의 코드로 "
    + "바꾸면 전에 고친 코드는 지워집니다. 어떻게 할까요?",
  sharedTake: "링크의 코드 넣기",
  sharedKeep: "내 코드 그대로 두기",
  sharedKept: "전에 고쳐 둔 코드를 그대로 두었습니다. 링크의 코드는 넣지 않았습니다.",
  sharedMalformed: "링크에 담긴 코드를 읽지 못했습니다. 링크가 중간에 잘렸거나 바뀐 것 같습니다. 처음 복사한 "
    + "링크 전체를 다시 받아 여세요. 연습장은 그대로 두었습니다.",
  sharedTooLong: (chars: number, limit: number) => `링크가 너무 깁니다(${chars.toLocaleString("ko-KR")}자). `
    + `${limit.toLocaleString("ko-KR")}자가 넘는 링크는 전달되는 중에 잘리기 쉬워 열지 않습니다. 코드를 파일로 받아 `
    + "붙여 넣으세요. 연습장은 그대로 두었습니다.",

  staleEdit: "이 셀의 원래 코드가 바뀌었습니다. 전에 고친 코드는 아직 적용하지 않았습니다. "
    + "아래 차이를 보고 어느 쪽을 쓸지 고르세요.",
  loadSaved: "내 코드 유지",
  discardSaved: "새 코드 받기",
  /** The diff of a stale edit against the new original (edit-diff.ts). */
  diffLabel: "내가 고친 코드와 새 코드의 차이",
  diffLegendMine: "+ 내 코드에만 있는 줄",
  diffLegendNew: "− 새 코드에만 있는 줄",
  diffMine: "내 코드에만 있는 줄: ",
  diffNew: "새 코드에만 있는 줄: ",
  diffBoth: "같은 줄: ",
  storageUnavailable: "이 브라우저에는 고친 코드와 연습 기록을 저장할 수 없습니다(저장 공간이 가득 찼거나 "
    + "꺼져 있습니다). 편집과 실행은 그대로 할 수 있지만, 페이지를 새로 고치거나 떠나면 고친 내용은 남지 않습니다.",

  statusLoading: "Python 준비 중",
  statusPreloading: "이 페이지에서 쓸 패키지를 미리 불러오는 중",
  statusReady: (ms: number) => `Python 준비됨 (${(ms / 1000).toFixed(1)}초)`,
  statusError: "Python을 불러오지 못했습니다.",
  statusErrorHelp: "네트워크 연결을 확인하고 다시 시도하세요.",
  statusSlow: "생각보다 오래 걸리고 있습니다. 계속 기다리거나 다시 시도하세요.",
  statusStarting: "Python 엔진을 시작하는 중…",
  retry: "다시 시도",
  workerNotLoaded: WORKER_NOT_LOADED,

  checking: "채점하는 중…",
  checked: "채점 완료",
  passed: "통과했습니다! 잘했습니다.",
  passedBefore: "이미 통과한 문제입니다.",
  failedCheck: "아직 맞지 않습니다:",
  codeError: "코드를 실행하다 오류가 났습니다. 위의 오류를 고친 뒤 다시 채점하세요.",
  solvedBadge: "✓ 통과",
  attempts: (n: number) => `시도 ${n}번`,
  hintN: (n: number, total: number) => `힌트 ${n}/${total}`,
  noMoreHints: "힌트를 모두 보았습니다",
  solutionTitle: "풀이",
  useSolution: "풀이를 편집기에 넣기",
  solutionAfterAttempt: "한 번 채점해 본 뒤에 풀이를 볼 수 있습니다.",

  /** A "predict" cell's form (prediction.ts). */
  predictTitle: "실행하기 전에 예측해 보세요",
  predictInput: "내 예측",
  predictInputHelp: "Python 값으로 쓰세요. 예: (2, 3, 4), 0.5, '고양이'",
  predictRun: "예측하고 실행",
  predictSkip: "건너뛰고 실행",
  predictAgain: "다시 예측하기",
  predictOpen: "예측해 보기",
  predictChooseFirst: "보기 중 하나를 고른 뒤 예측하고 실행을 누르세요.",
  predictTypeFirst: "예측을 입력한 뒤 예측하고 실행을 누르세요. 예: (2, 3, 4) 또는 0.5",
  predictComparing: "실행한 뒤 예측과 비교하는 중…",
  predictRight: (p: string) => `맞았습니다! 예측 ${p}이(가) 셀이 계산한 값과 같습니다.`,
  predictWrong: (p: string) => `예측 ${p}은(는) 셀이 계산한 값과 다릅니다.`,
  predictAnswer: (a: string) => `정답: ${a}`,
  predictSkipped: "예측을 건너뛰고 실행했습니다.",
  predictCellFailed: "셀에서 오류가 나서 예측과 비교하지 못했습니다. 오류를 고친 뒤 다시 예측하고 실행하세요.",
  predictNotCompared: "예측과 비교하지 못했습니다:",
  predictNotSaved: "이 브라우저에는 예측을 저장할 수 없습니다.",
  /** Contracts with nlplab.checking (UNREADABLE, COMPARED): how its messages begin. */
  predictUnreadable: "예측을 Python 값으로 읽지 못했습니다",
  predictCompared: "셀이 계산한",
};

/** The course map and the learning record file (course-map.ts, progress-file.ts). */
export const PT = {
  mapLabel: "강의 지도",
  exercises: (solved: number, total: number) => `연습 문제 ${total}개 중 ${solved}개 해결`,
  predictions: (made: number, total: number, right: number) =>
    `예측 ${total}개 중 ${made}개 완료` + (made ? ` (${right}개 맞힘)` : ""),
  edits: (count: number) => `고친 셀 ${count}개`,
  nothingToTrack: "연습 문제와 예측 없음",
  summary: (solved: number, exercises: number, made: number, predictions: number, right: number) =>
    `지금까지 연습 문제 ${exercises}개 중 ${solved}개를 풀었고, 예측 ${predictions}개 중 ${made}개를 해서 ${right}개를 맞혔습니다.`,
  empty: "아직 이 브라우저에 남은 학습 기록이 없습니다. 각 페이지에서 연습 문제를 채점하거나, "
    + "셀을 실행하기 전에 결과를 예측하면 여기에 쌓입니다. 다른 곳에서 내보낸 기록이 있다면 아래에서 가져오세요.",
  storageOff: "이 브라우저는 저장 공간을 쓸 수 없어(꺼져 있거나 막혀 있습니다) 학습 기록을 남기거나 읽을 수 없습니다.",

  fileHeading: "학습 기록 파일",
  exportButton: "내 학습 기록 내보내기",
  importButton: "학습 기록 가져오기",
  exported: (count: number, name: string) => `${count}개 항목을 ${name} 파일로 내보냈습니다.`,
  exportedNothing: "내보낼 학습 기록이 아직 없습니다.",
  unchanged: "아무것도 바꾸지 않았습니다.",
  tooBig: (mb: number) => `파일이 너무 큽니다(${mb}MB 초과). 학습 기록 파일이 맞는지 확인하세요.`,
  unreadable: "파일을 읽지 못했습니다. 다시 골라 보세요.",
  notJson: "이 파일은 JSON 형식이 아니어서 읽을 수 없습니다(파일이 잘렸거나 손상되었을 수 있습니다). "
    + "이 페이지의 '내 학습 기록 내보내기'로 만든 .json 파일을 고르세요.",
  foreign: "이 파일은 이 강의의 학습 기록이 아닙니다(format이 \"nlplab-learning-record\"가 아닙니다). "
    + "이 페이지의 '내 학습 기록 내보내기'로 만든 파일을 고르세요.",
  badVersion: "이 학습 기록 파일의 버전(version)이 올바르지 않습니다. 파일이 손상되었을 수 있으니 다시 내보내 보세요.",
  newerVersion: (found: number, known: number) => `이 학습 기록은 더 새로운 형식(버전 ${found})으로 만들어졌고, `
    + `이 페이지는 버전 ${known}까지만 읽을 수 있습니다. 페이지를 새로 고쳐 강의를 최신으로 받은 뒤 다시 가져오세요.`,
  noItems: "이 학습 기록 파일에는 항목 목록(items)이 없습니다. 파일이 손상되었을 수 있으니 다시 내보내 보세요.",
  badItem: (n: number, problem: string) => `${n}번째 항목이 올바르지 않습니다: ${problem}. `
    + "파일이 손상되었을 수 있으니 다시 내보내 보세요.",
  itemNotObject: "항목이 객체가 아닙니다",
  itemKind: (kind: string) => `종류(kind) "${kind}"를 알 수 없습니다(edit, exercise, prediction 중 하나여야 합니다)`,
  itemPage: "페이지(page)가 올바른 문자열이 아닙니다",
  itemId: "셀 이름(id)이 올바르지 않습니다",
  itemValue: (kind: string) => `${kind} 항목에 값(value)이 없습니다`,
  itemField: (field: string) => `값의 ${field} 필드가 없거나 형식이 맞지 않습니다`,
  sameAll: (count: number) => `파일의 ${count}개 항목이 모두 이미 이 브라우저에 있습니다. 바꿀 것이 없습니다.`,
  imported: (added: number, replaced: number) =>
    `학습 기록을 가져왔습니다: ${added}개 추가` + (replaced ? `, ${replaced}개 바꿈.` : "."),
  storageFull: "저장 공간이 부족하거나 꺼져 있어 가져오지 못했습니다.",
  confirmTitle: "지금 기록을 바꿀까요?",
  confirmText: (added: number, replaced: number, same: number) =>
    `이 파일을 가져오면 ${added}개 항목을 새로 더하고, 이미 있는 ${replaced}개 항목을 파일의 내용으로 바꿉니다`
    + (same ? ` (${same}개는 이미 같습니다)` : "") + ". 바뀌는 항목의 지금 내용(고친 코드, 풀이 기록, 예측)은 사라집니다. "
    + "파일에 없는 기록은 그대로 둡니다.",
  confirmReplace: (replaced: number) => `${replaced}개 바꾸고 가져오기`,
  confirmCancel: "취소",
  cancelled: "가져오기를 취소했습니다. 아무것도 바꾸지 않았습니다.",
};

/** The variables panel (variables/*.ts). */
export const VT = {
  open: "변수 보기",
  openTitle: "이 페이지의 배열과 수를 봅니다 (모양, dtype, 값)",
  title: "변수",
  close: "닫기",
  closeName: "변수 창 닫기",
  listCaption: "이 페이지의 배열과 수",
  name: "이름",
  shape: "모양",
  dtype: "dtype",
  min: "최솟값",
  mean: "평균",
  max: "최댓값",
  selectTitle: (name: string) => `${name}의 값 보기`,
  loading: "변수를 읽는 중…",
  notReady: "Python이 준비되면 변수를 보여 줍니다.",
  failed: "변수를 읽지 못했습니다. 셀을 다시 실행한 뒤 이 창을 닫았다 다시 열어 보세요.",
  empty: "아직 배열이나 수가 없습니다. 셀을 실행하면 그 셀이 만든 변수가 여기에 나타납니다.",
  count: (shown: number, total: number) => shown === total ? `변수 ${total}개`
    : `변수 ${total}개 중 이름순으로 ${shown}개만 보입니다`,
  nan: (n: number) => `NaN ${n}개 제외`,
  tooLarge: "너무 커서 생략",
  hint: "이름을 누르면 값을 봅니다. 위아래 화살표로 변수 사이를 옮겨 다니고, Esc로 닫습니다.",
  gone: (name: string) => `${name}이(가) 더는 없습니다. 위 셀을 다시 실행했는지 확인하세요.`,
  valuesTitle: (name: string) => `${name}의 값`,
  meta: (shape: string, dtype: string) => `모양 ${shape} · ${dtype}`,
  axisLabel: (axis: number, length: number) => `축 ${axis} 위치 (0~${length - 1})`,
  sliceNote: (name: string, index: string) => `3차원 이상인 배열은 한 번에 2차원 조각 하나를 보여 줍니다. 지금은 ${name}[${index}]입니다.`,
  elided: (rows: number, shownRows: number, cols: number, shownCols: number) => {
    const parts = [];
    if (shownRows < rows) parts.push(`행 ${rows.toLocaleString("ko-KR")}개 중 앞뒤 ${shownRows}개`);
    if (shownCols < cols) parts.push(`열 ${cols.toLocaleString("ko-KR")}개 중 앞뒤 ${shownCols}개`);
    return `큰 배열이라 ${parts.join(", ")}만 표에 보입니다(⋯는 생략한 부분).`;
  },
  tableCaption: (what: string, shape: string) => `${what}의 값, 모양 ${shape}`,
  rowHeader: "행",
  indexHeader: "번호",
  valueHeader: "값",
  gap: "⋯",
  heatmapLabel: (what: string, rows: number, cols: number, min: string, max: string) =>
    `${what} 히트맵: 행 ${rows}개, 열 ${cols}개, 값 ${min}부터 ${max}까지. 같은 값이 아래 표에 있습니다.`,
  heatmapSampled: (rowStep: number, colStep: number) => `배열이 커서 ${rowStep}행, ${colStep}열마다 하나씩 그렸습니다.`,
  scaleLabel: (min: string, max: string) => `색 눈금: ${min}(짙은 보라)부터 ${max}(노랑)까지`,
  nanColour: "회색 칸은 NaN 또는 무한대입니다.",
};

/** Why a worker died, for the learner (the browser's own words stay in brackets when unknown). */
export function crashCause(why: string): string {
  if (/maximum call stack size|too much recursion|stack overflow/i.test(why)) {
    return "호출이 너무 깊게 이어져 브라우저가 Python에 준 스택이 넘쳤습니다(끝나지 않는 재귀일 수 있습니다).";
  }
  if (/out of memory|cannot allocate|allocation failed|memory access out of bounds/i.test(why)) {
    return "브라우저가 Python에 준 메모리(2 GB 남짓)가 바닥났습니다.";
  }
  // The browser's own words, when it gave any (a worker can end without a message).
  return why.trim() ? `원인: ${why.trim()}.` : "브라우저가 원인을 알려 주지 않았습니다.";
}

/** The Python worker: what it is loading, and notes on packages for a cell's error. */
export const WORKER_TEXT = {
  downloading: "Python 엔진과 NumPy를 내려받는 중…",
  installingNlplab: "nlplab 설치하는 중…",
  preparingNumpy: "NumPy 준비하는 중…",
  loadingPackages: (names: string[]) => `${names.join(", ")} 불러오는 중…`,
  packagesFailed: (why: string) => `패키지를 불러오지 못했습니다: ${why}`,
  checkNetwork: "네트워크 연결을 확인한 뒤 다시 실행해 보세요.",
  packageJustLoaded: (pkg: string) => `필요한 패키지 ${pkg}를 방금 불러왔습니다. 셀을 다시 실행하세요.`,
  packageFailed: (pkg: string, why: string) => `${pkg}를 불러오지 못했습니다: ${why}`,
  notShipped: "이 강의 사이트에서는 Python 표준 라이브러리와 numpy, matplotlib, scipy, nlplab을 쓸 수 있습니다.",
};

/**
 * The page a navigation gets while a new build takes over (sw.ts navigate()): it loads nothing,
 * so no request of the page meets the switch, and reloads once the new version is active.
 */
export const UPDATE_PAGE_TEXT = "강의의 새 버전으로 바꾸는 중입니다…";

/** The service worker's answer, offline, for a page never stored on this device. */
export const OFFLINE_PAGE = `<!doctype html><html lang="ko"><meta charset="utf-8"><title>오프라인</title>
<body style="font-family:sans-serif;max-width:40em;margin:3em auto;line-height:1.6">
<h1>오프라인입니다</h1><p>이 페이지는 아직 이 기기에 저장되지 않았습니다. 네트워크에 연결한 뒤
<a href="">다시 시도</a>하세요.</p></body></html>`;
