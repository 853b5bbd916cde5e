package setup

import "innkeep/app"

// Messages returns the translations of this package's messages; English
// sits with each message where it is made (see app.E).
func Messages() app.Translations { return app.Translations{app.LangZH: zhCN} }

var zhCN = app.Catalog{
	"setup.set_up_already":            "Innkeep 已设置完成，请直接登录",
	"setup.key_file_exists":           "{dir} 中已有先前设置时留下的数据密钥（{file}）；请将其移走，或运行“innkeep key recover”恢复",
	"setup.not_set_up":                "{dir} 中的 Innkeep 尚未设置，因此没有可恢复的数据密钥；请打开 Innkeep 并完成设置",
	"setup.phrase_of_another_install": "此恢复短语对应数据密钥 {key}，但 {dir} 中的数据是用数据密钥 {used} 加密的：该短语属于另一个 Innkeep 安装",
}
