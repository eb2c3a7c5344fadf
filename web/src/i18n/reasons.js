// Chinese for the reasons the API gives in {"error":{"fields":[{field, reason}]}}.
// The API speaks English; a reason not listed here is shown as the API sent it,
// so a new rule on the server is never hidden, only untranslated.
const RULES = [
  [/^is required$/, () => '必填'],
  [/^is required for document type 01/, () => '证件类型为居民身份证时必填'],
  [/^is required when status is (\w+)$/, (m) => `档案状态为“${statusZh(m[1])}”时必填`],
  [/^is empty(; expected a JSON object)?$/, () => '不能为空'],
  [/^must not be empty$/, () => '不能为空'],
  [/^is in the future$/, () => '不能晚于今天'],
  [/^is before 1880$/, () => '不能早于 1880 年'],
  [/^is before birth$/, () => '不能早于出生日期'],
  [/^is longer than (\d+) characters$/, (m) => `不能超过 ${m[1]} 个字符`],
  [/^contains control characters( or invalid UTF-8)?$/, () => '含有不可见的控制字符'],
  [/^may only contain letters, spaces, '-', '\.' and '·'$/, () => '只能包含文字、空格和 - . ·'],
  [/^may contain only letters, digits, '-' and parentheses$/, () => '只能包含字母、数字、- 和括号'],
  [/^may only contain letters, digits and '-'$/, () => '只能包含字母、数字和 -'],
  [/^must be 18 characters \(or a legacy 15-digit number\), got (\d+)$/, (m) => `应为 18 位（或旧的 15 位数字），当前 ${m[1]} 位`],
  [/^character (\d+) \((.+)\) is not a digit$/, (m) => `第 ${m[1]} 位（${m[2]}）不是数字`],
  [/^character 18 \((.+)\) must be a digit or X$/, (m) => `第 18 位（${m[1]}）应为数字或 X`],
  [/^bad check character '(.)', expected '(.)'$/, (m) => `校验码错误：第 18 位为“${m[1]}”，按前 17 位应为“${m[2]}”`],
  [/^impossible birth date (\d+)$/, (m) => `出生日期 ${m[1]} 不存在`],
  [/^birth date (\S+) is in the future/, (m) => `出生日期 ${m[1]} 晚于今天`],
  [/^birth date (\S+) is before 1880/, (m) => `出生日期 ${m[1]} 早于 1880 年`],
  [/^address code (\S+) does not start with a province code$/, (m) => `地址码 ${m[1]} 不是以有效的省级代码开头`],
  [/^does not match the ID number, which is that of a male \(1\)$/, () => '与身份证号不符（身份证号为男性）'],
  [/^does not match the ID number, which is that of a female \(2\)$/, () => '与身份证号不符（身份证号为女性）'],
  [/^does not match the birth date in the ID number \((\S+)\)$/, (m) => `与身份证号中的出生日期（${m[1]}）不符`],
  [/^already has health record (\d+)$/, (m) => `已有健康档案 ${m[1]}`],
  [/^a mobile number must be 11 digits without '-'$/, () => '手机号应为 11 位数字，不含 -'],
  [/^a mobile number must start with 13-19$/, () => '手机号应以 13–19 开头'],
  [/^may contain at most one '-'$/, () => '最多只能有一个 -'],
  [/^'-' must stand between digits$/, () => '- 应位于数字之间'],
  [/^a landline number must have 7-13 digits, got (\d+)$/, (m) => `座机号应为 7–13 位数字，当前 ${m[1]} 位`],
  [/^may contain only digits and one '-', found (.+)$/, (m) => `只能包含数字和一个 -，发现 ${m[1]}`],
  [/^must be digits \(with '-' or '\+'\)$/, () => '应为数字（可含 - 或 +）'],
  [/^must be 17 digits$/, () => '应为 17 位数字'],
  [/^org unit (\d+) does not exist$/, (m) => `机构/区划 ${m[1]} 不存在`],
  [/^must be a village or community \(level 5\), not level (\d)$/, (m) => `应选择村或社区（第 5 级），而不是第 ${m[1]} 级`],
  [/^village (\d+) was merged into (\d+)$/, (m) => `村 ${m[1]} 已并入 ${m[2]}`],
  [/^org unit (\d+) is outside your own scope$/, (m) => `${m[1]} 不在您自己的管辖范围内`],
  [/^is set to merged only by merging two records$/, () => '只能通过合并两份档案设为“已合并”'],
  [/^is listed twice$/, () => '重复填写'],
  [/^is not a known field$/, () => '不是可识别的字段'],
  [/^is not a known query parameter$/, () => '不是可识别的查询参数'],
  [/^is not a real calendar date in the form YYYY-MM-DD$/, () => '不是有效日期（YYYY-MM-DD）'],
  [/^must be a date string YYYY-MM-DD$/, () => '应为日期（YYYY-MM-DD）'],
  [/^must be a date as YYYY-MM-DD$/, () => '应为日期（YYYY-MM-DD）'],
  [/^must be a string$/, () => '应为文本'],
  [/^must be an integer$/, () => '应为整数'],
  [/^must be true or false$/, () => '应为是或否'],
  [/^is out of range$/, () => '超出允许范围'],
  [/^must be a positive integer$/, () => '应为正整数'],
  [/^must be an integer between (\d+) and (\d+)$/, (m) => `应为 ${m[1]}–${m[2]} 之间的整数`],
  [/^has more than (\d+) (items|entries)$/, (m) => `最多 ${m[1]} 项`],
  [/^"(.*)" is not a code of (\S+) \((.+?)\)(; allowed: (.+)|, which has (\d+) codes)$/, (m) => `“${m[1]}”不是${m[3]}中的代码` + (m[5] ? `；可选：${m[5]}` : '')],
  [/^is not your current password$/, () => '不是您当前的密码'],
  [/^must differ from the current password$/, () => '不能与当前密码相同'],
  [/^is taken by user (\d+)$/, () => '已被其他用户使用'],
  [/^unknown role (.+)$/, (m) => `未知角色 ${m[1]}`],
  [/^must be active or disabled$/, () => '应为启用或停用'],
  [/^must be 3 to 32 characters of a-z, 0-9, '\.', '_' or '-'$/, () => '应为 3–32 位小写字母、数字、. _ 或 -'],
  [/^must be at most 50 characters of text$/, () => '最多 50 个字符'],
  [/^must have at least 10 characters$/, () => '至少 10 个字符'],
  [/^must have at most 128 characters$/, () => '最多 128 个字符'],
  [/^must mix at least three of lowercase, uppercase, digits and other characters$/, () => '须包含小写字母、大写字母、数字、其他字符中的至少三类'],
  [/^must not contain the username$/, () => '不能包含用户名'],
  [/^must not contain a common word such as "(.+)"$/, (m) => `不能包含常见词（如“${m[1]}”）`],
  [/^must be UTF-8 text without control characters$/, () => '不能含有控制字符'],
  [/^is wrong$/, () => '不正确'],
  [/^you cannot change your own role$/, () => '不能修改自己的角色'],
  [/^username (.+) is taken$/, (m) => `用户名 ${m[1]} 已被使用`],
];

const STATUS_ZH = { moved_out: '迁出', deceased: '死亡', active: '在册', merged: '已合并' };
function statusZh(s) {
  return STATUS_ZH[s] || s;
}

export function translateReason(text) {
  if (!text) return text;
  for (const [re, fn] of RULES) {
    const m = re.exec(text);
    if (m) return fn(m);
  }
  return text;
}
