package datadir

import "innkeep/app"

// Messages returns the translations of this package's messages; English
// sits with each message where it is made (see app.E).
func Messages() app.Translations { return app.Translations{app.LangZH: zhCN} }

var zhCN = app.Catalog{
	// The data folder.
	"datadir.no_folder":              "找不到存放 Innkeep 数据的文件夹（{reason}）；请用 --data 或 {env} 指定一个",
	"datadir.bad_folder":             "数据目录“{dir}”无效：{reason}",
	"datadir.cannot_create_folder":   "无法创建数据目录 {dir}：{reason}",
	"datadir.not_a_folder":           "数据目录 {dir} 不是文件夹",
	"datadir.folder_of_another_user": "数据目录 {dir} 属于另一个用户（uid {owner}），该用户可以改动 Innkeep 的文件；请使用您自己的文件夹，或运行“chown {me} {dir}”将其归您所有",
	"datadir.folder_not_private":     "其他用户可以改动数据目录 {dir}（权限 {mode}）；请运行“chmod 700 {dir}”将其设为私有",

	// The data key file.
	"datadir.key_file_missing":           "数据密钥文件 {path} 缺失；请从备份中恢复，或用恢复短语运行“innkeep key recover”重建",
	"datadir.key_file_not_private":       "其他用户可能读取 {path}（权限 {mode}）；请运行“chmod 600 {path}”将其设为私有",
	"datadir.cannot_make_private":        "无法将 {path} 设为私有：{reason}",
	"datadir.key_file_holds_another_key": "{path} 中已有另一个数据密钥（ID {id}，而此恢复短语对应 {phrase_id}）；如确要替换，请先将其移走",
	"datadir.key_file_unreadable":        "{path} 已存在但无法读取（{reason}）；如确要替换，请先将其移走",
	"datadir.cannot_open_key_file":       "无法打开数据密钥文件 {path}：{reason}",
	"datadir.cannot_read_key_file":       "无法读取数据密钥文件 {path}：{reason}",
	"datadir.cannot_write_key_file":      "无法写入数据密钥文件 {path}：{reason}",
	"datadir.key_file_not_regular":       "数据密钥文件 {path} 不是普通文件",
	"datadir.key_file_version":           "数据密钥文件 {path} 的格式版本为 {version}；此版本的 Innkeep 只能读取版本 {supported}",
	"datadir.key_file_exists":            "数据密钥文件 {path} 已存在；Innkeep 不会覆盖已有的密钥文件",
	"datadir.key_file_damaged":           "数据密钥文件 {path} 已损坏：{why}；请从备份中恢复，或运行“innkeep key recover”重建",

	// Why a key file is damaged (the {why} of datadir.key_file_damaged).
	"datadir.key_file_too_large": "文件过大",
	"datadir.key_file_not_json":  "内容不是预期的 JSON",
	"datadir.key_not_base64":     "其中的密钥不是 base64 编码",
	"datadir.key_wrong_size":     "其中的密钥长度不是 32 字节",
	"datadir.key_id_mismatch":    "其中的密钥与密钥 ID 不符",

	// The recovery phrase.
	"datadir.phrase_not_ascii": "恢复短语不能包含“{char}”：它只由数字 0-9 和字母 A-Z 组成",
	"datadir.phrase_bad_char":  "恢复短语不能包含“{char}”：它只由数字 0-9 和字母 A-Z（不含 U）组成",
	"datadir.phrase_length":    "恢复短语有 {count} 个字母和数字；应为 {want} 个（16 组，每组 4 个）",
	"datadir.phrase_typo":      "恢复短语有输入错误：校验和不匹配",

	// Permissions of the data folder and the store (innkeep check).
	"datadir.cannot_stat": "无法读取 {path} 的权限：{reason}",
	"datadir.not_private": "其他用户可能读取 {path}（权限 {mode}）；请运行“chmod {want} {path}”将其设为私有",
}
