// Real township names and seats of 武义县 (county code 330723) and the vocabulary synthetic
// streets, villages, owners and facilities are named from. Seats are placed plausibly inside the
// county's box around the real county seat; they are not surveyed positions.

export const COUNTY_CODE = '330723';
export const COUNTY_NAME = '武义县';

export interface TownshipSeat {
  name: string;
  code: string;
  lon: number;
  lat: number;
}

export const TOWNSHIPS: readonly TownshipSeat[] = [
  { name: '熟溪街道', code: '330723001', lon: 119.812, lat: 28.884 },
  { name: '壶山街道', code: '330723002', lon: 119.8, lat: 28.902 },
  { name: '白洋街道', code: '330723003', lon: 119.836, lat: 28.906 },
  { name: '履坦镇', code: '330723101', lon: 119.772, lat: 28.958 },
  { name: '桐琴镇', code: '330723102', lon: 119.83, lat: 28.998 },
  { name: '泉溪镇', code: '330723103', lon: 119.892, lat: 28.948 },
  { name: '新宅镇', code: '330723104', lon: 119.785, lat: 28.8 },
  { name: '王宅镇', code: '330723105', lon: 119.89, lat: 29.018 },
  { name: '桃溪镇', code: '330723106', lon: 119.7, lat: 28.9 },
  { name: '茭道镇', code: '330723107', lon: 119.745, lat: 28.86 },
  { name: '柳城畲族镇', code: '330723108', lon: 119.695, lat: 28.79 },
  { name: '大田乡', code: '330723201', lon: 119.862, lat: 28.872 },
  { name: '俞源乡', code: '330723202', lon: 119.852, lat: 28.8 },
  { name: '坦洪乡', code: '330723203', lon: 119.695, lat: 28.96 },
  { name: '西联乡', code: '330723204', lon: 119.668, lat: 28.855 },
  { name: '三港乡', code: '330723205', lon: 119.752, lat: 28.772 },
  { name: '大溪口乡', code: '330723206', lon: 119.915, lat: 28.845 },
  { name: '白姆乡', code: '330723207', lon: 119.752, lat: 29.022 },
];

/** Town-centre streets (路/街) for addresses; the grid takes them in order. */
export const STREET_NAMES = [
  '熟溪路', '解放街', '壶山路', '武阳路', '温泉路', '永康街', '江滨路', '望江路', '新华街', '城东路',
  '城西路', '北岭路', '南湖路', '东升路', '丰泉路', '白洋路', '泉溪路', '育才路', '明招路', '商城路',
  '工业大道', '临江路', '华丰路', '金岩路', '百花路', '双溪路',
];

export const SURNAMES = [
  '王', '李', '张', '刘', '陈', '杨', '黄', '赵', '吴', '周', '徐', '孙', '朱', '胡', '郑', '何', '叶',
  '潘', '汤', '蓝', '雷', '钟', '邵', '应', '俞', '施', '金', '楼', '童', '程',
];

/** First characters of village names; paired with VILLAGE_TAILS. */
export const VILLAGE_HEADS = [
  '上', '下', '前', '后', '东', '西', '南', '北', '大', '小', '新', '石', '塘', '溪', '山', '岭', '桥',
  '竹', '梅', '柳', '桐', '杨', '吴', '周', '徐', '金', '王', '白', '青', '龙', '凤', '坑', '麻', '湖',
];
export const VILLAGE_TAILS = [
  '村', '头村', '塘村', '坑村', '源村', '坞村', '畈村', '岭村', '口村', '店村', '宅村', '山村', '溪村', '桥村',
  '湾村', '垄村', '田村', '墩村', '园村',
];

export const COMPANY_WORDS = [
  '五金', '工贸', '机电', '门业', '文具', '旅游用品', '电器', '工具', '机械', '塑业', '家居', '食品', '茶业',
  '包装', '铝业', '不锈钢', '智能科技', '新材料', '汽配', '休闲用品',
];
