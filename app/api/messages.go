package api

import "innkeep/app"

// Messages returns the translations of the API's own messages (bad
// requests, unknown paths, sign-in checks, downloads); English sits with
// each message where it is made (see app.E).
func Messages() app.Translations { return app.Translations{app.LangZH: zhCN} }

var zhCN = app.Catalog{
	"api.body_too_large":          "请求内容超过 {limit} 字节",
	"api.body_timeout":            "请求内容未能及时送达；未做任何更改",
	"api.no_endpoint":             "没有这个 API 接口：{path}",
	"api.method_not_allowed":      "{path} 不支持 {method} 方法（可用：{allowed}）",
	"api.not_set_up":              "Innkeep 尚未完成初始设置",
	"api.cross_site":              "请求来自其他网站，已拒绝",
	"api.sign_in_first":           "请先登录",
	"api.csrf_missing":            "请求缺少本会话的 CSRF 令牌（请求头 {header}）",
	"api.change_password_first":   "请先修改密码",
	"api.idempotency_key_length":  "Idempotency-Key 的长度须为 1 到 200 个字符",
	"api.idempotency_key_reused":  "此 Idempotency-Key 已用于另一个请求",
	"api.body_not_json_type":      "请求内容必须是 JSON（Content-Type: application/json）",
	"api.body_missing":            "请求需要 JSON 内容",
	"api.body_trailing_data":      "JSON 值之后还有多余的数据",
	"api.body_not_object":         "请求内容必须是 JSON 对象",
	"api.body_not_array":          "请求内容必须是 JSON 数组",
	"api.body_wrong_type":         "请求内容必须是{kind}",
	"api.field_wrong_type":        "字段“{field}”必须是{kind}，而不是 {value}",
	"api.body_bad_json_at":        "请求内容不是有效的 JSON（第 {offset} 字节处）",
	"api.body_cut_short":          "请求内容不完整",
	"api.body_unknown_field":      "未知字段 {field}",
	"api.body_bad_json":           "请求内容不是有效的 JSON",
	"api.json_string":             "字符串",
	"api.json_bool":               "true 或 false",
	"api.json_array":              "数组",
	"api.json_object":             "对象",
	"api.json_number":             "数字",
	"api.json_other":              "其他类型",
	"api.query_not_one_of":        "参数 {name} 必须是 {values} 之一，而不是“{value}”",
	"api.query_not_whole_number":  "{name} 必须是整数",
	"api.query_below_min":         "{name} 不能小于 {min}",
	"api.query_not_bool":          "{name} 必须是 true 或 false",
	"api.query_not_whole_numbers": "{name} 必须是整数，而不是“{value}”",
	"api.not_a_time":              "“{value}”既不是日期（2026-12-01），也不是 RFC 3339 时间",
	"api.photo_not_found":         "未找到照片“{id}”",
	"api.save_not_a_download":     "url 必须是本 API 的下载地址，例如 /api/v1/audit/export.csv?user=anna",
	"api.save_outside_window":     "保存为文件只能在桌面窗口中进行；在浏览器中，点击下载链接即可保存文件",
	"api.save_too_large":          "下载内容超过 {mib} MiB；请用筛选条件缩小范围后再保存",
	"api.save_download_failed":    "下载中途失败，未保存任何内容：{reason}",
	"api.save_failed":             "无法保存文件：{reason}",
	// The desktop window's own (app/desktop), which it answers through the API.
	"desktop.save_dialog_open": "已有一个“保存”对话框打开，请先完成它",
	"api.save_bad_filename":    "文件名必须是普通文件名（不含文件夹；不含 <>:\"|?* 或控制字符；末尾不能是点或空格；最多 200 字节）",
	"api.body_cut_off":         "请求正文未完整送达；未做任何更改",
}
