"""Labels the core (`counter/`, which never imports Qt) hands to the window: statuses, channels,
roles, report columns… `label(text)` shows one in the interface language.

lupdate cannot read the core, so its labels are listed here once more; a test checks that this
list holds every label of the core's tables, so a new one cannot be forgotten.
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

KNOWN = (
    QT_TRANSLATE_NOOP("labels", "DỮ LIỆU MẪU"),  # codes.DEMO_MARK: the demo's window title
    QT_TRANSLATE_NOOP("labels", "Mới đăng ký"),
    QT_TRANSLATE_NOOP("labels", "Được tiếp nhận"),
    QT_TRANSLATE_NOOP("labels", "Không được tiếp nhận"),
    QT_TRANSLATE_NOOP("labels", "Đang xử lý"),
    QT_TRANSLATE_NOOP("labels", "Yêu cầu bổ sung"),
    QT_TRANSLATE_NOOP("labels", "Yêu cầu thực hiện nghĩa vụ tài chính"),
    QT_TRANSLATE_NOOP("labels", "Công dân yêu cầu rút hồ sơ"),
    QT_TRANSLATE_NOOP("labels", "Dừng xử lý"),
    QT_TRANSLATE_NOOP("labels", "Đã xử lý xong"),
    QT_TRANSLATE_NOOP("labels", "Đã trả kết quả"),
    QT_TRANSLATE_NOOP("labels", "Trực tiếp"),
    QT_TRANSLATE_NOOP("labels", "Qua bưu chính công ích"),
    QT_TRANSLATE_NOOP("labels", "Trực tuyến"),
    QT_TRANSLATE_NOOP("labels", "Tại Bộ phận Một cửa"),
    QT_TRANSLATE_NOOP("labels", "Qua dịch vụ bưu chính công ích"),
    QT_TRANSLATE_NOOP("labels", "Tiền mặt"),
    QT_TRANSLATE_NOOP("labels", "Chuyển khoản"),
    QT_TRANSLATE_NOOP("labels", "Thẻ"),
    QT_TRANSLATE_NOOP("labels", "Thanh toán trực tuyến"),
    QT_TRANSLATE_NOOP("labels", "Không hài lòng"),
    QT_TRANSLATE_NOOP("labels", "Hài lòng"),
    QT_TRANSLATE_NOOP("labels", "Rất hài lòng"),
    QT_TRANSLATE_NOOP("labels", "Trước hạn"),
    QT_TRANSLATE_NOOP("labels", "Đúng hạn"),
    QT_TRANSLATE_NOOP("labels", "Quá hạn"),
    QT_TRANSLATE_NOOP("labels", "Trong hạn"),
    QT_TRANSLATE_NOOP("labels", "Sắp đến hạn"),
    QT_TRANSLATE_NOOP("labels", "Đến hạn hôm nay"),
    QT_TRANSLATE_NOOP("labels", "Đến hạn ngày làm việc tiếp theo"),
    QT_TRANSLATE_NOOP("labels", "Quá hạn, chưa xin lỗi"),
    QT_TRANSLATE_NOOP("labels", "Chậm ở bước đang xử lý"),
    QT_TRANSLATE_NOOP("labels", "Toàn bộ"),
    QT_TRANSLATE_NOOP("labels", "Lĩnh vực"),
    QT_TRANSLATE_NOOP("labels", "Thủ tục"),
    QT_TRANSLATE_NOOP("labels", "Công chức một cửa"),
    QT_TRANSLATE_NOOP("labels", "Công chức chuyên môn"),
    QT_TRANSLATE_NOOP("labels", "Lãnh đạo"),
    QT_TRANSLATE_NOOP("labels", "Quản trị"),
    QT_TRANSLATE_NOOP("labels", "ngày làm việc"),
    QT_TRANSLATE_NOOP("labels", "giờ làm việc"),
    QT_TRANSLATE_NOOP("labels", "trong ngày"),
    QT_TRANSLATE_NOOP("labels", "Số hồ sơ nhận giải quyết"),
    QT_TRANSLATE_NOOP("labels", "Tổng số"),
    QT_TRANSLATE_NOOP("labels", "Kỳ trước chuyển qua"),
    QT_TRANSLATE_NOOP("labels", "Mới nhận trực tiếp"),
    QT_TRANSLATE_NOOP("labels", "Mới nhận qua bưu chính"),
    QT_TRANSLATE_NOOP("labels", "Mới nhận trực tuyến"),
    QT_TRANSLATE_NOOP("labels", "Số hồ sơ đã giải quyết"),
    QT_TRANSLATE_NOOP("labels", "Số hồ sơ đang giải quyết"),
    QT_TRANSLATE_NOOP("labels", "Không tiếp tục giải quyết"),
    QT_TRANSLATE_NOOP("labels", "Từ chối"),
    QT_TRANSLATE_NOOP("labels", "Dừng"),
    QT_TRANSLATE_NOOP("labels", "Rút"),
    QT_TRANSLATE_NOOP("labels", "Kết quả khác"),
    QT_TRANSLATE_NOOP("labels", "Văn bản xin lỗi"),
    QT_TRANSLATE_NOOP("labels", "Tỷ lệ đúng hạn"),
    QT_TRANSLATE_NOOP("labels", "Thời gian xử lý TB (ngày)"),
    QT_TRANSLATE_NOOP("labels", "Trong ngày"),
    QT_TRANSLATE_NOOP("labels", "Tiếp nhận hồ sơ"),
    QT_TRANSLATE_NOOP("labels", "Bàn giao hồ sơ"),
    QT_TRANSLATE_NOOP("labels", "Yêu cầu bổ sung hồ sơ"),
    QT_TRANSLATE_NOOP("labels", "Nhận hồ sơ bổ sung"),
    QT_TRANSLATE_NOOP("labels", "Đã thực hiện nghĩa vụ tài chính"),
    QT_TRANSLATE_NOOP("labels", "Từ chối tiếp nhận"),
    QT_TRANSLATE_NOOP("labels", "Xin lỗi và hẹn lại ngày trả"),
    QT_TRANSLATE_NOOP("labels", "Công dân rút hồ sơ"),
    QT_TRANSLATE_NOOP("labels", "Dừng giải quyết theo đề nghị của công dân"),
    QT_TRANSLATE_NOOP("labels", "Trả kết quả"),
    QT_TRANSLATE_NOOP("labels", "Ghi nhận thu phí, lệ phí"),
    QT_TRANSLATE_NOOP("labels", "Ghi nhận đánh giá hài lòng"),
    QT_TRANSLATE_NOOP("labels", "In phiếu"),
    QT_TRANSLATE_NOOP("labels", "Ghi chú"),
    QT_TRANSLATE_NOOP("labels", "Xử lý xung đột dữ liệu"),
    QT_TRANSLATE_NOOP("labels", "Số hóa thành phần hồ sơ"),
    # Why an action is refused beyond the state (counter.domain.actions.REASONS).
    QT_TRANSLATE_NOOP("labels", "Thủ tục này không thu phí, lệ phí."),
    QT_TRANSLATE_NOOP("labels", "Đã thu đủ phí, lệ phí ({paid})."),
    QT_TRANSLATE_NOOP("labels", "Hồ sơ này không có xung đột dữ liệu."),
    # Fixed messages of the sync client and of the services the window shows as they are.
    QT_TRANSLATE_NOOP(
        "labels", "Máy chủ không trả lời kịp (hết thời gian chờ). Đường truyền có thể đang chậm."
    ),
    QT_TRANSLATE_NOOP(
        "labels", "Không kết nối được tới máy chủ đồng bộ. Hãy kiểm tra mạng Internet."
    ),
    QT_TRANSLATE_NOOP("labels", "Kết nối tới máy chủ bị ngắt giữa chừng."),
    QT_TRANSLATE_NOOP("labels", "Lỗi không xác định khi đồng bộ."),
    QT_TRANSLATE_NOOP("labels", "Đồng bộ thất bại."),
    QT_TRANSLATE_NOOP("labels", "Máy chủ trả về dữ liệu không đọc được."),
    QT_TRANSLATE_NOOP("labels", "Máy chủ từ chối quầy này; hãy đăng ký lại."),
    QT_TRANSLATE_NOOP("labels", "Địa chỉ máy chủ phải bắt đầu bằng http:// hoặc https://."),
    QT_TRANSLATE_NOOP("labels", "Máy chủ trả về dữ liệu không đúng định dạng đồng bộ."),
    QT_TRANSLATE_NOOP(
        "labels",
        "Máy chủ đồng bộ chưa hỗ trợ lấy lại dữ liệu của quầy sau khi khôi phục. Hãy nhờ quản trị "
        "máy chủ nâng cấp, rồi đồng bộ lại trước khi tiếp nhận hồ sơ mới.",
    ),
    QT_TRANSLATE_NOOP("labels", "Chỉ quản trị viên được sao lưu và khôi phục dữ liệu."),
    QT_TRANSLATE_NOOP("labels", "Chỉ quản trị viên được quản lý người dùng."),
)


def label(text: str) -> str:
    """A core label in the interface language (unchanged when it has no translation)."""
    return QCoreApplication.translate("labels", text) if text else text


def procedure_time(proc) -> str:
    """ "3 ngày làm việc", "Trong ngày" in the interface language."""
    from counter.domain.calendar import TimeUnit
    from counter.services.catalogue import UNIT_LABELS

    if proc.time_unit is TimeUnit.SAME_DAY:
        return label("Trong ngày")
    return f"{proc.time_amount} {label(UNIT_LABELS[proc.time_unit])}"
