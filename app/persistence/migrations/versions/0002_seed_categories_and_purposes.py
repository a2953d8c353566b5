"""Seed data: the data categories and purposes of DESIGN.md section 3, in English and Chinese.

The rows are written out here, not imported, so that this revision always inserts the same
data whatever later code says. The practice row is created with its defaults.

Revision ID: 0002
Revises: 0001
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

CATEGORIES = [
    {"key": "contact", "label_en": "Contact details", "label_zh": "联系方式", "sensitive": False},
    {
        "key": "health",
        "label_en": "Health and fitness assessments",
        "label_zh": "健康与体能评估",
        "sensitive": True,
    },
    {
        "key": "body",
        "label_en": "Body measurements and progress photos",
        "label_zh": "身体测量数据与进度照片",
        "sensitive": True,
    },
    {"key": "training", "label_en": "Training history", "label_zh": "训练记录", "sensitive": False},
    {
        "key": "wearable",
        "label_en": "Wearable and activity data",
        "label_zh": "可穿戴设备与活动数据",
        "sensitive": False,
    },
    {"key": "payment", "label_en": "Payment details", "label_zh": "支付信息", "sensitive": False},
    {
        "key": "marketing",
        "label_en": "Marketing preferences",
        "label_zh": "营销偏好",
        "sensitive": False,
    },
]

PURPOSES = [
    {
        "key": "training_delivery",
        "label_en": "Delivering your training programme",
        "label_zh": "提供您的训练计划",
        "explanation_en": "We use an online training app to send you your programme, log your "
        "sessions and follow your progress between the sessions you have with us.",
        "explanation_zh": "我们使用一款在线训练应用向您发送训练计划、记录每次训练，并在两次课程之间跟踪您的进展。",
        "example_en": "After your fitness assessment your personal plan appears in the app the same "
        "day, and your coach can see which workouts you completed and adjust next "
        "week's plan.",
        "example_zh": "完成体能评估后，您的个性化训练计划当天就会出现在应用中；教练能看到您完成了哪些训练，并据此调整下周的安排。",
        "legal_basis": "consent",
        "is_marketing": False,
    },
    {
        "key": "payments",
        "label_en": "Taking payment",
        "label_zh": "收取付款",
        "explanation_en": "A payment company processes your card payments so that you can pay for "
        "sessions and packages safely. We never see or keep your full card "
        "number.",
        "explanation_zh": "一家支付公司为我们处理银行卡付款，让您可以安全地支付课程和套餐费用。我们不会看到也不会保存您的完整卡号。",
        "example_en": "You can pay by card or with your phone after a session and receive a receipt "
        "by email straight away.",
        "example_zh": "课后您可以刷卡或用手机付款，并立即通过电子邮件收到收据。",
        "legal_basis": "contract",
        "is_marketing": False,
    },
    {
        "key": "newsletter",
        "label_en": "Newsletter and offers",
        "label_zh": "新闻通讯与优惠信息",
        "explanation_en": "With your permission we send a monthly email with training tips, new "
        "classes and occasional offers. You can unsubscribe at any time.",
        "explanation_zh": "经您同意，我们每月发送一封电子邮件，介绍训练技巧、新课程和不定期的优惠活动。您可以随时退订。",
        "example_en": "You hear first about small-group sessions and seasonal discounts.",
        "example_zh": "小组训练课和季节性折扣一推出，您就能第一时间知道。",
        "legal_basis": "consent",
        "is_marketing": True,
    },
    {
        "key": "backup",
        "label_en": "Keeping safe copies of our records",
        "label_zh": "安全备份我们的记录",
        "explanation_en": "We keep an encrypted copy of our client records with a backup service, "
        "so that nothing is lost if a laptop is stolen or breaks.",
        "explanation_zh": "我们将客户记录加密后备份到一家云备份服务商，以免笔记本电脑被盗或损坏时丢失数据。",
        "example_en": "If our computer fails, your training history and bookings are restored "
        "within a day instead of being lost.",
        "example_zh": "即使我们的电脑出现故障，您的训练记录和预约也能在一天内恢复，而不会丢失。",
        "legal_basis": "legitimate_interests",
        "is_marketing": False,
    },
    {
        "key": "nutrition_advice",
        "label_en": "Nutrition advice",
        "label_zh": "营养建议",
        "explanation_en": "If you ask for help with nutrition, we share your body measurements with "
        "our partner nutritionist so that their advice fits your goals.",
        "explanation_zh": "如果您需要营养方面的帮助，我们会把您的身体测量数据提供给合作的营养师，让建议更贴合您的目标。",
        "example_en": "The nutritionist can suggest a meal plan that matches your weight and "
        "body-fat targets without measuring you again.",
        "example_zh": "营养师无需再次为您测量，就能根据您的体重和体脂目标制定饮食计划。",
        "legal_basis": "consent",
        "is_marketing": False,
    },
    {
        "key": "activity_tracking",
        "label_en": "Linking your fitness tracker",
        "label_zh": "同步您的健身追踪设备",
        "explanation_en": "If you connect a watch or fitness tracker, a sync service passes your "
        "steps, heart rate and workouts to your training log.",
        "explanation_zh": "如果您连接了智能手表或健身手环，一项同步服务会把您的步数、心率和运动记录传送到您的训练记录中。",
        "example_en": "Your coach can see how well you slept and recovered, and make a session "
        "lighter when you need it.",
        "example_zh": "教练可以了解您的睡眠和恢复情况，在您需要时适当降低训练强度。",
        "legal_basis": "consent",
        "is_marketing": False,
    },
    {
        "key": "scheduling",
        "label_en": "Booking your sessions",
        "label_zh": "预约训练课程",
        "explanation_en": "An online booking tool holds your appointments and sends you reminders.",
        "explanation_zh": "我们使用在线预约工具管理您的预约，并向您发送提醒。",
        "example_en": "You can book, move or cancel a session from your phone and get a text "
        "reminder the day before.",
        "example_zh": "您可以用手机预约、改期或取消课程，并在前一天收到短信提醒。",
        "legal_basis": "contract",
        "is_marketing": False,
    },
    {
        "key": "bookkeeping",
        "label_en": "Keeping the accounts",
        "label_zh": "记账与报税",
        "explanation_en": "The law requires us to keep records of the payments we receive and to "
        "give them to our accountant, who prepares our tax return.",
        "explanation_zh": "法律要求我们保存收款记录，并交给会计师用于编制纳税申报表。",
        "example_en": "If you ever need a copy of an invoice, for example to claim from an employer "
        "wellbeing scheme, we can still provide it years later.",
        "example_zh": "如果您日后需要发票副本（例如向雇主的健康福利计划报销），多年后我们仍能提供。",
        "legal_basis": "legal_obligation",
        "is_marketing": False,
    },
]


def upgrade() -> None:
    category = sa.table(
        "data_category",
        sa.column("key", sa.String),
        sa.column("label_en", sa.String),
        sa.column("label_zh", sa.String),
        sa.column("sensitive", sa.Boolean),
    )
    purpose = sa.table(
        "purpose",
        *(sa.column(name, sa.String) for name in PURPOSES[0] if name != "is_marketing"),
        sa.column("is_marketing", sa.Boolean),
    )
    op.bulk_insert(category, CATEGORIES)
    op.bulk_insert(purpose, PURPOSES)


def downgrade() -> None:
    op.execute("DELETE FROM purpose")
    op.execute("DELETE FROM data_category")
