// The words of the map tools (measuring, imagery compare), merged into i18n.ts's dictionaries.
// English must have every Chinese key.
export const TOOLS_ZH = {
  'measure.length': '测距',
  'measure.area': '测面',
  'measure.clear': '清除',
  'measure.hint': '单击地图加点，双击结束，Backspace 撤销，Esc 退出',
  'measure.lengthIs': '长度 {value}',
  'measure.perimeterIs': '周长 {value}',
  'measure.areaIs': '面积 {value}',
  'imagery.before': '前时相',
  'imagery.after': '后时相',
  'imagery.none': '没有可用影像',
  'imagery.keys': 'S 交换前后 · F 缩放至图斑',
  'imagery.swap': '交换前后',
  'imagery.fit': '缩放至图斑',
} as const;

export const TOOLS_EN: Record<keyof typeof TOOLS_ZH, string> = {
  'measure.length': 'Length',
  'measure.area': 'Area',
  'measure.clear': 'Clear',
  'measure.hint': 'Click to add points, double-click to finish, Backspace to undo, Esc to leave',
  'measure.lengthIs': 'Length {value}',
  'measure.perimeterIs': 'Perimeter {value}',
  'measure.areaIs': 'Area {value}',
  'imagery.before': 'Before',
  'imagery.after': 'After',
  'imagery.none': 'No imagery',
  'imagery.keys': 'S swaps before/after · F fits the patch',
  'imagery.swap': 'Swap before/after',
  'imagery.fit': 'Fit the patch',
};
